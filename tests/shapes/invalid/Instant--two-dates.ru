# shape: wkgsh:Instant
# constraint: wkgsh:Instant-oneDate
# focus: id:membership-saunders-wco-sg-start
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: an instant with a date and a (different) year
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg-start time:inXSDgYear "2023"^^xsd:gYear .
} } ;
