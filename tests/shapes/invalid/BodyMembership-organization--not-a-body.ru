# shape: wkgsh:BodyMembership-organization
# focus: id:igo-membership-un-lie
# path: org:organization
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a membership of another body whose organization is the WCO, which has no kind of body
DELETE { GRAPH ?g { id:igo-membership-un-lie org:organization id:igo-un } }
INSERT { GRAPH ?g { id:igo-membership-un-lie org:organization id:wco } }
WHERE { GRAPH ?g { id:igo-membership-un-lie org:organization id:igo-un } } ;
