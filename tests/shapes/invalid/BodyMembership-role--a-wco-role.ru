# shape: wkgsh:BodyMembership-role
# focus: id:igo-membership-un-lie
# path: org:role
# component: sh:HasValueConstraintComponent
# severity: Violation
# why: a membership of the UN in the role of Member of the WCO
DELETE { GRAPH ?g { id:igo-membership-un-lie org:role id:role-igo-member } }
INSERT { GRAPH ?g { id:igo-membership-un-lie org:role id:role-wco-member } }
WHERE { GRAPH ?g { id:igo-membership-un-lie org:role id:role-igo-member } } ;
