<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's recommendations (messages.xsd Recommendation) -> canonical recommendations. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:recommendation" as="map(xs:string, xs:string)" select="map {
    'ammatillinen-kuntoutus': 'vocational-rehabilitation',
    'ips-tyohonvalmennus': 'ips-supported-employment',
    'laakinnallinen-kuntoutus': 'medical-rehabilitation',
    'sosiaalinen-kuntoutus': 'social-rehabilitation',
    'elakeselvitys': 'pension-assessment'
  }"/>
</xsl:stylesheet>
