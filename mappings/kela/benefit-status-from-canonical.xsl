<?xml version="1.0" encoding="UTF-8"?>
<!-- Canonical benefit status (../canonical/benefit-status.schema.json) -> Kela's BenefitStatus request (messages.xsd). -->
<xsl:stylesheet version="3.0" expand-text="yes"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kela="https://ketju.fi/xroad/kela/v1"
                xmlns:code="https://ketju.fi/xroad/kela/codes"
                xmlns:f="https://ketju.fi/xroad/kela/mapping"
                exclude-result-prefixes="code f">

  <xsl:include href="from-canonical.xsl"/>
  <xsl:include href="codes/benefit-type.xsl"/>
  <xsl:include href="codes/benefit-status.xsl"/>

  <xsl:template name="f:body">
    <kela:BenefitStatus>
      <xsl:sequence select="f:message-start(), f:person()"/>
      <kela:benefitType>{code:kela($code:benefit-type, $payload?benefitType)}</kela:benefitType>
      <kela:status>{code:kela($code:benefit-status, $payload?status)}</kela:status>
      <kela:decisionDate>{$payload?decisionDate}</kela:decisionDate>
      <xsl:sequence select="f:period()"/>
      <kela:sicknessAllowance>
        <kela:paidDays>{$payload?sicknessAllowance?paidDays}</kela:paidDays>
        <kela:projectedEndDate>{$payload?sicknessAllowance?projectedEndDate}</kela:projectedEndDate>
        <kela:isEmployee>{$payload?sicknessAllowance?isEmployee}</kela:isEmployee>
      </kela:sicknessAllowance>
      <kela:amountEur>{$payload?amountEur}</kela:amountEur>
      <kela:source>{$payload?source}</kela:source>
      <kela:retrievedAt>{$payload?retrievedAt}</kela:retrievedAt>
    </kela:BenefitStatus>
  </xsl:template>
</xsl:stylesheet>
