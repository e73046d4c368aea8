# shape: wkgsh:Interval-hasEnd
# focus: id:membership-saunders-wco-sg-term
# path: time:hasEnd
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a period with two ends (both otherwise valid, after its beginning)
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg-term time:hasEnd id:saunders-end-a , id:saunders-end-b .
  id:saunders-end-a a time:Instant ; time:inXSDgYear "2028"^^xsd:gYear .
  id:saunders-end-b a time:Instant ; time:inXSDgYear "2029"^^xsd:gYear .
} } ;
