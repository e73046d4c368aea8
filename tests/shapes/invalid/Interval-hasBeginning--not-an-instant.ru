# shape: wkgsh:Interval-hasBeginning
# focus: id:membership-saunders-wco-sg-term
# path: time:hasBeginning
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a period beginning with a membership instead of an instant
DELETE { GRAPH ?g { id:membership-saunders-wco-sg-term ?p ?old } }
INSERT { GRAPH ?g { id:membership-saunders-wco-sg-term ?p id:membership-saunders-wco-sg } }
WHERE {
  VALUES ?p { time:hasBeginning }
  GRAPH ?g { id:membership-saunders-wco-sg-term ?p ?old }
} ;
