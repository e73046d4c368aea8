# shape: wkgsh:Membership-role
# focus: id:membership-saunders-wco-sg
# path: org:role
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a role that is an activity concept, not an org:Role
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?old } }
INSERT { GRAPH ?g { id:membership-saunders-wco-sg ?p id:activity-cooperation } }
WHERE {
  VALUES ?p { org:role }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?old }
} ;
