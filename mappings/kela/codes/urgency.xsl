<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's urgency (messages.xsd Urgency) -> canonical urgency. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:urgency" as="map(xs:string, xs:string)" select="map {
    'kiireellinen': 'urgent',
    'kiireeton': 'routine'
  }"/>
</xsl:stylesheet>
