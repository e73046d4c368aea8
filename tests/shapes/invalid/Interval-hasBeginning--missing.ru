# shape: wkgsh:Interval-hasBeginning
# focus: id:membership-saunders-wco-sg-term
# path: time:hasBeginning
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a period without a beginning
DELETE { GRAPH ?g { id:membership-saunders-wco-sg-term ?p ?o } }
WHERE {
  VALUES ?p { time:hasBeginning }
  GRAPH ?g { id:membership-saunders-wco-sg-term ?p ?o }
} ;
