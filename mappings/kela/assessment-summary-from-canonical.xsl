<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical assessment summary (../canonical/assessment-summary.schema.json) -> Kela's AssessmentSummary request
  (messages.xsd). Clinical notes stay in the hub: Kela's statutory right does not cover them (domain.md).
-->
<xsl:stylesheet version="3.0" expand-text="yes"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"
                xmlns:kela="https://ketju.fi/xroad/kela/v1"
                xmlns:code="https://ketju.fi/xroad/kela/codes"
                xmlns:f="https://ketju.fi/xroad/kela/mapping"
                exclude-result-prefixes="map code f">

  <xsl:include href="from-canonical.xsl"/>
  <xsl:include href="codes/work-ability.xsl"/>
  <xsl:include href="codes/recommendation.xsl"/>

  <xsl:template name="f:body">
    <kela:AssessmentSummary>
      <xsl:sequence select="f:message-start(), f:sender(), f:person()"/>
      <kela:referralMessageId>{$payload?referralMessageId}</kela:referralMessageId>
      <xsl:sequence select="f:period()"/>
      <xsl:for-each select="$payload?team?*">
        <kela:teamMember>
          <kela:profession>{?profession}</kela:profession>
          <kela:name>{?name}</kela:name>
        </kela:teamMember>
      </xsl:for-each>
      <xsl:sequence select="f:diagnoses(), f:icf-items('functioning', $payload?functioning)"/>
      <xsl:for-each select="$payload?instruments?*">
        <xsl:variable name="scores" select="?scores"/>
        <kela:instrument>
          <kela:name>{?instrument}</kela:name>
          <xsl:for-each select="sort(map:keys($scores))">
            <kela:score>
              <kela:domain>{.}</kela:domain>
              <kela:value>{$scores(.)}</kela:value>
            </kela:score>
          </xsl:for-each>
        </kela:instrument>
      </xsl:for-each>
      <kela:workAbility>
        <kela:conclusion>{code:kela($code:work-ability, $payload?workAbility?conclusion)}</kela:conclusion>
        <kela:remaining>{$payload?workAbility?remaining}</kela:remaining>
      </kela:workAbility>
      <kela:rehabilitationNeed>{$payload?rehabilitationNeed}</kela:rehabilitationNeed>
      <xsl:for-each select="$payload?recommendations?*">
        <kela:recommendation>{code:kela($code:recommendation, .)}</kela:recommendation>
      </xsl:for-each>
      <kela:clientView>{$payload?clientView}</kela:clientView>
      <kela:followUpDate>{$payload?followUpDate}</kela:followUpDate>
      <xsl:sequence select="f:professional('signer', $payload?signer)"/>
      <xsl:sequence select="f:legal-basis()"/>
    </kela:AssessmentSummary>
  </xsl:template>
</xsl:stylesheet>
