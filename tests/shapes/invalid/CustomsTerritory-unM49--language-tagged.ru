# shape: wkgsh:CustomsTerritory-unM49
# focus: id:territory-fra
# path: wkg:unM49
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: an M49 code tagged as English text
DELETE { GRAPH ?g { id:territory-fra ?p "250" } }
INSERT { GRAPH ?g { id:territory-fra ?p "250"@en } }
WHERE {
  VALUES ?p { wkg:unM49 dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "250" }
} ;
