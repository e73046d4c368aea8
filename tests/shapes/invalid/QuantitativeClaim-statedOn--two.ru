# shape: wkgsh:QuantitativeClaim-statedOn
# focus: id:claim-wco-customs-administrations-2022
# path: wkg:statedOn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a figure with two statement dates
INSERT DATA { GRAPH graph:big-partner-profile {
  id:claim-wco-customs-administrations-2022 wkg:statedOn "2023"^^xsd:gYear ;
    dcterms:date "2023"^^xsd:gYear .
} } ;
