'use strict'
// The benchmark's independent load driver (HubBenchmark runs it): autocannon posts each referral of a file that
// HubBenchmark wrote (one JSON body a line, each with its own message id and client), each once, a fixed number
// of connections at a time, and prints its own count of the answers as one JSON line.
//
//   node driver.js URL BODIES_FILE CONNECTIONS [--authorization=VALUE] [--idempotency-key]
//
// --idempotency-key sends each body's message_id as its Idempotency-Key header: how the recording recipient
// tells the referrals apart when they are posted to it directly, with no hub to give them one.
const autocannon = require('autocannon')
const fs = require('fs')

const [url, bodiesFile, connections, ...options] = process.argv.slice(2)
const authorization = options.find(option => option.startsWith('--authorization='))?.slice('--authorization='.length)
const idempotencyKey = options.includes('--idempotency-key')
const bodies = fs.readFileSync(bodiesFile, 'utf8').split('\n').filter(line => line.length > 0)

let next = 0
function setupRequest (request) {
  if (next >= bodies.length) {
    throw new Error('more requests than bodies: each referral is to be posted once')
  }
  const body = bodies[next++]
  const headers = { 'content-type': 'application/json' }
  if (authorization) {
    headers.authorization = authorization
  }
  if (idempotencyKey) {
    headers['idempotency-key'] = JSON.parse(body).message_id
  }
  return { ...request, method: 'POST', headers, body }
}

// HubBenchmark times the run from this line: the first post follows it at once.
console.log('started')
autocannon({
  url,
  connections: Number(connections),
  amount: bodies.length,
  timeout: 60,
  // Its duration ends at the first sample after the last answer: sampled every 10 ms, not every second.
  sampleInt: 10,
  requests: [{ setupRequest }]
}, (error, result) => {
  if (error) {
    console.error(error)
    process.exit(1)
  }
  console.log(JSON.stringify({
    sent: bodies.length,
    ok: result['2xx'],
    refused: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    acceptedPerSecond: result['2xx'] / result.duration,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99
  }))
})
