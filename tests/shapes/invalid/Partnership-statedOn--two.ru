# shape: wkgsh:Partnership-statedOn
# focus: id:partnership-big-wco
# path: wkg:statedOn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a partnership with two statement dates
INSERT DATA { GRAPH graph:big-partner-profile {
  id:partnership-big-wco wkg:statedOn "2021"^^xsd:gYear ;
    dcterms:date "2021"^^xsd:gYear .
} } ;
