<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's benefit statuses (messages.xsd BenefitStatusCode) -> canonical benefit statuses. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:benefit-status" as="map(xs:string, xs:string)" select="map {
    'vireilla': 'pending',
    'myonnetty': 'granted',
    'hylatty': 'rejected',
    'maksussa': 'in-payment',
    'keskeytetty': 'suspended',
    'paattynyt': 'ended'
  }"/>
</xsl:stylesheet>
