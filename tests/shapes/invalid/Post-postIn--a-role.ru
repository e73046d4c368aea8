# shape: wkgsh:Post-postIn
# focus: id:post-wco-secretary-general
# path: org:postIn
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a post 'in' a role instead of an organization
DELETE { GRAPH ?g { id:post-wco-secretary-general ?p ?old } }
INSERT { GRAPH ?g { id:post-wco-secretary-general ?p id:role-secretary-general } }
WHERE {
  VALUES ?p { org:postIn }
  GRAPH ?g { id:post-wco-secretary-general ?p ?old }
} ;
