# shape: wkgsh:BodyMembership-member
# focus: id:igo-membership-un-lie
# path: org:member
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a membership of Kosovo, which has no ISO 3166-1 code
DELETE { GRAPH ?g { id:igo-membership-un-lie org:member id:territory-lie } }
INSERT { GRAPH ?g { id:igo-membership-un-lie org:member id:territory-kosovo } }
WHERE { GRAPH ?g { id:igo-membership-un-lie org:member id:territory-lie } } ;
