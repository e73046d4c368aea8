# shape: wkgsh:Post-role
# focus: id:post-wco-secretary-general
# path: org:role
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a post without its role
DELETE { GRAPH ?g { id:post-wco-secretary-general ?p ?o } }
WHERE {
  VALUES ?p { org:role }
  GRAPH ?g { id:post-wco-secretary-general ?p ?o }
} ;
