<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's employment status (messages.xsd EmploymentStatus) -> canonical employment status. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:employment-status" as="map(xs:string, xs:string)" select="map {
    'tyossa': 'employed',
    'tyoton-tyonhakija': 'unemployed-jobseeker',
    'opiskelija': 'student',
    'yrittaja': 'entrepreneur',
    'muu': 'other'
  }"/>
</xsl:stylesheet>
