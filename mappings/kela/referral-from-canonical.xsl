<?xml version="1.0" encoding="UTF-8"?>
<!-- Canonical referral (../canonical/referral.schema.json) -> Kela's Referral request (messages.xsd). -->
<xsl:stylesheet version="3.0" expand-text="yes"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kela="https://ketju.fi/xroad/kela/v1"
                xmlns:code="https://ketju.fi/xroad/kela/codes"
                xmlns:f="https://ketju.fi/xroad/kela/mapping"
                exclude-result-prefixes="code f">

  <xsl:include href="from-canonical.xsl"/>
  <xsl:include href="codes/referral-service.xsl"/>
  <xsl:include href="codes/urgency.xsl"/>
  <xsl:include href="codes/employment-status.xsl"/>

  <xsl:template name="f:body">
    <kela:Referral>
      <xsl:sequence select="f:message-start(), f:sender(), f:person()"/>
      <kela:service>{code:kela($code:referral-service, $payload?service)}</kela:service>
      <kela:reason>{$payload?reason}</kela:reason>
      <xsl:sequence select="f:diagnoses(), f:icf-items('functionalLimitation', $payload?functionalLimitations)"/>
      <kela:goal>{$payload?goal}</kela:goal>
      <kela:urgency>{code:kela($code:urgency, $payload?urgency)}</kela:urgency>
      <kela:employmentStatus>{code:kela($code:employment-status, $payload?employmentStatus)}</kela:employmentStatus>
      <kela:benefitContext>{$payload?benefitContext}</kela:benefitContext>
      <xsl:sequence select="f:legal-basis()"/>
      <kela:contactPerson>
        <kela:name>{$payload?contactPerson?name}</kela:name>
        <kela:phone>{$payload?contactPerson?phone}</kela:phone>
        <kela:email>{$payload?contactPerson?email}</kela:email>
      </kela:contactPerson>
    </kela:Referral>
  </xsl:template>
</xsl:stylesheet>
