# shape: wkgsh:Post-heldBy
# focus: id:post-wco-secretary-general
# path: org:heldBy
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a post held by an organization instead of a person
DELETE { GRAPH ?g { id:post-wco-secretary-general ?p ?old } }
INSERT { GRAPH ?g { id:post-wco-secretary-general ?p id:university-of-victoria } }
WHERE {
  VALUES ?p { org:heldBy }
  GRAPH ?g { id:post-wco-secretary-general ?p ?old }
} ;
