# shape: wkgsh:CustomsTerritory-memberKind
# focus: id:territory-fra
# path: wkg:memberKind
# component: sh:InConstraintComponent
# severity: Violation
# why: a region given as the kind of member
DELETE { GRAPH ?g { id:territory-fra ?p id:member-kind-un-member-state } }
INSERT { GRAPH ?g { id:territory-fra ?p id:wco-region-europe } }
WHERE {
  VALUES ?p { wkg:memberKind dcterms:type }
  GRAPH ?g { id:territory-fra ?p id:member-kind-un-member-state }
} ;
