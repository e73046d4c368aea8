# shape: wkgsh:Interval
# constraint: wkgsh:Interval-beginsBeforeEnd
# focus: id:membership-saunders-wco-sg-term
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a term that began on 2024-01-01 and ended in 2023
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg-term time:hasEnd id:saunders-end .
  id:saunders-end a time:Instant ; time:inXSDgYear "2023"^^xsd:gYear .
} } ;
