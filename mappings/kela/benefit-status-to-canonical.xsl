<?xml version="1.0" encoding="UTF-8"?>
<!--
  Kela's BenefitStatus request (an X-Road SOAP envelope, body per messages.xsd) -> canonical message
  (../canonical/message.schema.json).
  Parameters given by the door, which has already checked the envelope, its X-Road header and the body:
    $request     the SOAP envelope
    $messageId   the new hub message id
    $receivedAt  when the hub received it
    $newChainId  the chain to start when Kela names none
  The sender is the X-Road client: its member code is Kela's business ID. Kela's own message id is the X-Road id.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"
                xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xrd="http://x-road.eu/xsd/xroad.xsd"
                xmlns:id="http://x-road.eu/xsd/identifiers"
                xmlns:kela="https://ketju.fi/xroad/kela/v1"
                xmlns:code="https://ketju.fi/xroad/kela/codes"
                xmlns:f="https://ketju.fi/xroad/kela/mapping"
                exclude-result-prefixes="#all">

  <xsl:include href="codes/lookup.xsl"/>
  <xsl:include href="codes/benefit-type.xsl"/>
  <xsl:include href="codes/benefit-status.xsl"/>

  <xsl:output method="json" encoding="UTF-8"/>

  <xsl:param name="request" as="document-node()" required="yes"/>
  <xsl:param name="messageId" as="xs:string" required="yes"/>
  <xsl:param name="receivedAt" as="xs:string" required="yes"/>
  <xsl:param name="newChainId" as="xs:string" required="yes"/>

  <xsl:template name="xsl:initial-template">
    <xsl:apply-templates select="$request/SOAP-ENV:Envelope"/>
  </xsl:template>

  <xsl:template match="SOAP-ENV:Envelope">
    <xsl:variable name="header" select="SOAP-ENV:Header"/>
    <xsl:variable name="status" select="SOAP-ENV:Body/kela:BenefitStatus"/>
    <xsl:sequence select="map {
        'messageId': $messageId,
        'senderMessageId': string($header/xrd:id),
        'chainId': string(($status/kela:chainId, $newChainId)[1]),
        'type': 'benefit-status',
        'sender': map {
          'partner': 'kela',
          'organisation': map { 'businessId': string($header/xrd:client/id:memberCode) }
        },
        'subject': f:subject($status/kela:person),
        'createdAt': f:time($status/kela:createdAt),
        'receivedAt': $receivedAt,
        'payload': f:object((
          f:entry('benefitType', code:canonical($code:benefit-type, $status/kela:benefitType)),
          f:entry('status', code:canonical($code:benefit-status, $status/kela:status)),
          f:entry('decisionDate', $status/kela:decisionDate ! f:time(.)),
          f:entry('period', $status/kela:period ! f:object((
            f:entry('start', kela:start ! f:time(.)),
            f:entry('end', kela:end ! f:time(.))))),
          f:entry('sicknessAllowance', $status/kela:sicknessAllowance ! f:object((
            f:entry('paidDays', kela:paidDays ! xs:integer(.)),
            f:entry('projectedEndDate', kela:projectedEndDate ! f:time(.)),
            f:entry('isEmployee', kela:isEmployee ! xs:boolean(.))))),
          f:entry('amountEur', $status/kela:amountEur ! xs:decimal(.)),
          f:entry('source', string($status/kela:source)),
          f:entry('retrievedAt', f:time($status/kela:retrievedAt))))
      }"/>
  </xsl:template>

  <xsl:function name="f:subject" as="map(*)">
    <xsl:param name="person" as="element(kela:person)"/>
    <xsl:sequence select="f:object((
        f:entry('hetu', $person/kela:hetu ! string()),
        f:entry('temporaryId', $person/kela:temporaryId ! map { 'system': string(kela:system), 'value': string(kela:value) }),
        f:entry('name', f:object((
          f:entry('given', $person/kela:givenName ! string()),
          f:entry('family', $person/kela:familyName ! string())))),
        f:entry('language', $person/kela:language ! string()),
        f:entry('interpreterNeeded', $person/kela:interpreterNeeded ! xs:boolean(.))))"/>
  </xsl:function>

  <!-- A JSON object of the entries present, or nothing when none is. -->
  <xsl:function name="f:object" as="map(*)?">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:sequence select="if (exists($entries)) then map:merge($entries) else ()"/>
  </xsl:function>

  <!-- One JSON member, or nothing when the XML has no such field. -->
  <xsl:function name="f:entry" as="map(*)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="$value ! map { $key: . }"/>
  </xsl:function>

  <!-- A date or time as the canonical message writes it: the schema lets XML whitespace around it. -->
  <xsl:function name="f:time" as="xs:string">
    <xsl:param name="value" as="element()"/>
    <xsl:sequence select="normalize-space($value)"/>
  </xsl:function>
</xsl:stylesheet>
