# shape: wkgsh:Organization-primarySite
# focus: id:wco
# path: org:hasPrimarySite
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two primary sites (the second one otherwise valid)
INSERT DATA { GRAPH graph:big-partner-profile {
  id:wco org:hasPrimarySite id:wco-second-site .
  id:wco-second-site a org:Site ;
    wkg:name "Second WCO site"@en ; wkg:name "Second site de l'OMD"@fr ;
    rdfs:label "Second WCO site"@en ; rdfs:label "Second site de l'OMD"@fr ;
    skos:prefLabel "Second WCO site"@en ; skos:prefLabel "Second site de l'OMD"@fr ;
    schema:name "Second WCO site"@en ; schema:name "Second site de l'OMD"@fr ;
    org:siteOf id:wco .
} } ;
