# shape: wkgsh:Body-classification
# focus: id:igo-g7
# path: org:classification
# component: sh:InConstraintComponent
# severity: Violation
# why: a body classified as a kind of WCO member
DELETE { GRAPH ?g { id:igo-g7 org:classification ?k } }
INSERT { GRAPH ?g { id:igo-g7 org:classification id:member-kind-other } }
WHERE { GRAPH ?g { id:igo-g7 org:classification ?k } } ;
