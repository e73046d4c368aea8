# shape: wkgsh:Membership-organization
# focus: id:membership-saunders-wco-sg
# path: org:organization
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a membership in no organization
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?o } }
WHERE {
  VALUES ?p { org:organization }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?o }
} ;
