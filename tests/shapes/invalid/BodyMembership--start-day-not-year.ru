# shape: wkgsh:BodyMembership
# constraint: wkgsh:BodyMembership-startYear
# focus: id:igo-membership-un-lie
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a start given as a day, which the table never gives
DELETE { GRAPH ?g { id:igo-membership-un-lie-start time:inXSDgYear ?y } }
INSERT { GRAPH ?g { id:igo-membership-un-lie-start time:inXSDDate "1990-09-18"^^xsd:date } }
WHERE { GRAPH ?g { id:igo-membership-un-lie-start time:inXSDgYear ?y } } ;
