# shape: wkgsh:Membership-member
# focus: id:membership-saunders-wco-sg
# path: org:member
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a membership without a member
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?o } }
WHERE {
  VALUES ?p { org:member }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?o }
} ;
