# shape: wkgsh:Post-postIn
# focus: id:post-wco-secretary-general
# path: org:postIn
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a post in no organization
DELETE { GRAPH ?g { id:post-wco-secretary-general ?p ?o } }
WHERE {
  VALUES ?p { org:postIn }
  GRAPH ?g { id:post-wco-secretary-general ?p ?o }
} ;
