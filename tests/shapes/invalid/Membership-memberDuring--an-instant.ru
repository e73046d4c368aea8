# shape: wkgsh:Membership-memberDuring
# focus: id:membership-saunders-wco-sg
# path: org:memberDuring
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a membership period given as its starting instant
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?old } }
INSERT { GRAPH ?g { id:membership-saunders-wco-sg ?p id:membership-saunders-wco-sg-start } }
WHERE {
  VALUES ?p { org:memberDuring }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?old }
} ;
