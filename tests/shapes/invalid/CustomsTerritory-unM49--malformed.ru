# shape: wkgsh:CustomsTerritory-unM49
# focus: id:territory-fra
# path: wkg:unM49
# component: sh:PatternConstraintComponent
# severity: Violation
# why: an M49 code of the wrong form ("25")
DELETE { GRAPH ?g { id:territory-fra ?p "250" } }
INSERT { GRAPH ?g { id:territory-fra ?p "25" } }
WHERE {
  VALUES ?p { wkg:unM49 dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "250" }
} ;
