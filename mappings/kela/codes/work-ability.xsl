<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's work ability conclusions (messages.xsd WorkAbilityConclusion) -> canonical conclusions. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:work-ability" as="map(xs:string, xs:string)" select="map {
    'tyokykyinen': 'able',
    'osittain-tyokykyinen': 'partially-able',
    'tilapaisesti-tyokyvyton': 'unable-temporarily',
    'pysyvasti-tyokyvyton': 'unable-permanently',
    'epaselva': 'unclear'
  }"/>
</xsl:stylesheet>
