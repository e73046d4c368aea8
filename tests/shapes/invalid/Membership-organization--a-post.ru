# shape: wkgsh:Membership-organization
# focus: id:membership-saunders-wco-sg
# path: org:organization
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a membership 'in' a post instead of an organization
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?old } }
INSERT { GRAPH ?g { id:membership-saunders-wco-sg ?p id:post-wco-secretary-general } }
WHERE {
  VALUES ?p { org:organization }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?old }
} ;
