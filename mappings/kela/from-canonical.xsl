<?xml version="1.0" encoding="UTF-8"?>
<!--
  What every mapping canonical -> Kela shares: the X-Road request (SOAP 1.1, message protocol v4.0) around the
  body that the including mapping makes in its template f:body, and the parts several bodies have in common.
  Parameters given by KelaRecipientFormat:
    $canonical  the canonical message, as JSON text
    $client     Ketju's own X-Road subsystem (ketju.xroad.hub): instance, memberClass, memberCode, subsystemCode
    $service    Kela's subsystem (ketju.xroad.kela), with serviceVersion; the service code is the body's element name
  An element left empty (an optional canonical field that is absent) is dropped; should a required one be
  missing, the body fails messages.xsd and nothing is sent.
-->
<xsl:stylesheet version="3.0" expand-text="yes"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xrd="http://x-road.eu/xsd/xroad.xsd"
                xmlns:id="http://x-road.eu/xsd/identifiers"
                xmlns:kela="https://ketju.fi/xroad/kela/v1"
                xmlns:code="https://ketju.fi/xroad/kela/codes"
                xmlns:f="https://ketju.fi/xroad/kela/mapping"
                exclude-result-prefixes="xs code f">

  <xsl:include href="codes/lookup.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:param name="canonical" as="xs:string" required="yes"/>
  <xsl:param name="client" as="map(xs:string, xs:string)" required="yes"/>
  <xsl:param name="service" as="map(xs:string, xs:string)" required="yes"/>

  <xsl:variable name="message" as="map(*)" select="parse-json($canonical)"/>
  <xsl:variable name="payload" as="map(*)" select="$message?payload"/>

  <xsl:mode name="f:without-empty" on-no-match="shallow-copy"/>

  <xsl:template name="xsl:initial-template">
    <xsl:variable name="body" as="element()">
      <xsl:call-template name="f:body"/>
    </xsl:variable>
    <SOAP-ENV:Envelope>
      <SOAP-ENV:Header>
        <xrd:client id:objectType="SUBSYSTEM">
          <xsl:sequence select="f:subsystem($client)"/>
        </xrd:client>
        <xrd:service id:objectType="SERVICE">
          <xsl:sequence select="f:subsystem($service)"/>
          <id:serviceCode>{local-name($body)}</id:serviceCode>
          <id:serviceVersion>{$service?serviceVersion}</id:serviceVersion>
        </xrd:service>
        <xrd:id>{$message?messageId}</xrd:id>
        <xrd:userId>ketju</xrd:userId>
        <xrd:protocolVersion>4.0</xrd:protocolVersion>
      </SOAP-ENV:Header>
      <SOAP-ENV:Body>
        <xsl:apply-templates select="$body" mode="f:without-empty"/>
      </SOAP-ENV:Body>
    </SOAP-ENV:Envelope>
  </xsl:template>

  <xsl:template match="*[. = '']" mode="f:without-empty"/>

  <xsl:function name="f:subsystem" as="element()+">
    <xsl:param name="subsystem" as="map(xs:string, xs:string)"/>
    <id:xRoadInstance>{$subsystem?instance}</id:xRoadInstance>
    <id:memberClass>{$subsystem?memberClass}</id:memberClass>
    <id:memberCode>{$subsystem?memberCode}</id:memberCode>
    <id:subsystemCode>{$subsystem?subsystemCode}</id:subsystemCode>
  </xsl:function>

  <xsl:function name="f:message-start" as="element()+">
    <kela:chainId>{$message?chainId}</kela:chainId>
    <kela:createdAt>{$message?createdAt}</kela:createdAt>
  </xsl:function>

  <!-- The client, minimised for Kela: who they are, their language and interpreter need; no contact data. -->
  <xsl:function name="f:person" as="element(kela:person)">
    <xsl:variable name="subject" select="$message?subject"/>
    <kela:person>
      <kela:hetu>{$subject?hetu}</kela:hetu>
      <kela:temporaryId>
        <kela:system>{$subject?temporaryId?system}</kela:system>
        <kela:value>{$subject?temporaryId?value}</kela:value>
      </kela:temporaryId>
      <kela:givenName>{$subject?name?given}</kela:givenName>
      <kela:familyName>{$subject?name?family}</kela:familyName>
      <kela:language>{$subject?language}</kela:language>
      <kela:interpreterNeeded>{$subject?interpreterNeeded}</kela:interpreterNeeded>
    </kela:person>
  </xsl:function>

  <xsl:function name="f:sender" as="element(kela:sender)">
    <xsl:variable name="sender" select="$message?sender"/>
    <kela:sender>
      <kela:businessId>{$sender?organisation?businessId}</kela:businessId>
      <kela:soteOid>{$sender?organisation?soteOid}</kela:soteOid>
      <kela:organisationName>{$sender?organisation?name}</kela:organisationName>
      <kela:unit>{$sender?unit}</kela:unit>
      <xsl:sequence select="f:professional('professional', $sender?professional)"/>
    </kela:sender>
  </xsl:function>

  <xsl:function name="f:professional" as="element()">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="person" as="map(*)?"/>
    <xsl:element name="kela:{$name}">
      <kela:name>{$person?name}</kela:name>
      <kela:role>{$person?role}</kela:role>
      <kela:terhikkiId>{$person?terhikkiId}</kela:terhikkiId>
      <kela:phone>{$person?phone}</kela:phone>
      <kela:email>{$person?email}</kela:email>
    </xsl:element>
  </xsl:function>

  <xsl:function name="f:diagnoses" as="element(kela:diagnosis)*">
    <xsl:for-each select="$payload?diagnoses?*">
      <kela:diagnosis>
        <kela:code>{?code}</kela:code>
        <kela:display>{?display}</kela:display>
      </kela:diagnosis>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="f:icf-items" as="element()*">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="items" as="array(*)?"/>
    <xsl:for-each select="$items?*">
      <xsl:element name="kela:{$name}">
        <kela:code>{?code}</kela:code>
        <kela:qualifier>{?qualifier}</kela:qualifier>
      </xsl:element>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="f:period" as="element(kela:period)">
    <kela:period>
      <kela:start>{$payload?period?start}</kela:start>
      <kela:end>{$payload?period?end}</kela:end>
    </kela:period>
  </xsl:function>

  <xsl:function name="f:legal-basis" as="element(kela:legalBasis)">
    <xsl:variable name="basis" select="$payload?legalBasis"/>
    <kela:legalBasis>
      <xsl:choose>
        <xsl:when test="$basis?kind = 'consent'">
          <kela:consent>
            <kela:givenAt>{$basis?consentGivenAt}</kela:givenAt>
            <xsl:for-each select="$basis?consentScope?*">
              <kela:scope>{.}</kela:scope>
            </xsl:for-each>
          </kela:consent>
        </xsl:when>
        <xsl:otherwise>
          <kela:statute>{$basis?statute}</kela:statute>
        </xsl:otherwise>
      </xsl:choose>
    </kela:legalBasis>
  </xsl:function>
</xsl:stylesheet>
