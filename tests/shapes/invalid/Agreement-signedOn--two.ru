# shape: wkgsh:Agreement-signedOn
# focus: id:mou-wco-uvic-2021
# path: wkg:signedOn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: an agreement with two signing dates
INSERT DATA { GRAPH graph:big-partner-profile {
  id:mou-wco-uvic-2021 wkg:signedOn "2021-11"^^xsd:gYearMonth ;
    dcterms:date "2021-11"^^xsd:gYearMonth .
} } ;
