<?xml version="1.0" encoding="UTF-8"?>
<!--
  Looks a code up in one of the code maps beside this file, in either direction. Each map goes from Kela's code
  to the canonical one. No code gives no code (the field is absent, e.g. withheld by the disclosure policy); a
  code the map lacks is an error of the mapping, never passed on as it is.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"
                xmlns:code="https://ketju.fi/xroad/kela/codes"
                exclude-result-prefixes="#all">

  <xsl:function name="code:canonical" as="xs:string?">
    <xsl:param name="codes" as="map(xs:string, xs:string)"/>
    <xsl:param name="kela-code" as="xs:string?"/>
    <xsl:sequence select="if (empty($kela-code)) then ()
                          else if (map:contains($codes, $kela-code)) then $codes($kela-code)
                          else error(xs:QName('code:unmapped'), 'no canonical code for the Kela code ' || $kela-code)"/>
  </xsl:function>

  <xsl:function name="code:kela" as="xs:string?">
    <xsl:param name="codes" as="map(xs:string, xs:string)"/>
    <xsl:param name="canonical-code" as="xs:string?"/>
    <xsl:variable name="kela-codes" select="map:keys($codes)[$codes(.) = $canonical-code]"/>
    <xsl:sequence select="if (empty($canonical-code)) then ()
                          else if (count($kela-codes) = 1) then $kela-codes
                          else error(xs:QName('code:unmapped'), 'no single Kela code for the canonical code ' || $canonical-code)"/>
  </xsl:function>
</xsl:stylesheet>
