# shape: wkgsh:Interval-hasBeginning
# focus: id:membership-saunders-wco-sg-term
# path: time:hasBeginning
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a period with two beginnings
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg-term time:hasBeginning id:membership-trevino-wco-dsg-start .
} } ;
