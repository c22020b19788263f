<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's referral services (messages.xsd ReferralService) -> canonical referral services. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:referral-service" as="map(xs:string, xs:string)" select="map {
    'tyokyvyn-tuen-tiimi': 'work-ability-team',
    'ips-tyohonvalmennus': 'ips-supported-employment',
    'ammatillinen-kuntoutus': 'vocational-rehabilitation'
  }"/>
</xsl:stylesheet>
