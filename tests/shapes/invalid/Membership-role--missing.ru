# shape: wkgsh:Membership-role
# focus: id:membership-saunders-wco-sg
# path: org:role
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a membership without a role
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?o } }
WHERE {
  VALUES ?p { org:role }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?o }
} ;
