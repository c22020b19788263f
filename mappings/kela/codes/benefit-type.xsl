<?xml version="1.0" encoding="UTF-8"?>
<!-- Kela's benefit types (messages.xsd BenefitType) -> canonical benefit types. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:code="https://ketju.fi/xroad/kela/codes">
  <xsl:variable name="code:benefit-type" as="map(xs:string, xs:string)" select="map {
    'sairauspaivaraha': 'sickness-allowance',
    'osasairauspaivaraha': 'partial-sickness-allowance',
    'kuntoutusraha': 'rehabilitation-allowance',
    'ammatillinen-kuntoutus': 'vocational-rehabilitation',
    'peruspaivaraha': 'basic-unemployment-allowance',
    'tyomarkkinatuki': 'labour-market-subsidy',
    'tyokyvyttomyyselake': 'disability-pension',
    'kuntoutustuki': 'rehabilitation-subsidy',
    'vammaistuki': 'disability-allowance'
  }"/>
</xsl:stylesheet>
