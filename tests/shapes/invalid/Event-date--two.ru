# shape: wkgsh:Event-date
# focus: id:ccc-inaugural-session
# path: dcterms:date
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: an event with two dates
INSERT DATA { GRAPH graph:ccc-history {
  id:ccc-inaugural-session dcterms:date "1953-01-27"^^xsd:date .
} } ;
