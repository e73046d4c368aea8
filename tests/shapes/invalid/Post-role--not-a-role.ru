# shape: wkgsh:Post-role
# focus: id:post-wco-secretary-general
# path: org:role
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a post whose role is an activity concept
DELETE { GRAPH ?g { id:post-wco-secretary-general ?p ?old } }
INSERT { GRAPH ?g { id:post-wco-secretary-general ?p id:activity-cooperation } }
WHERE {
  VALUES ?p { org:role }
  GRAPH ?g { id:post-wco-secretary-general ?p ?old }
} ;
