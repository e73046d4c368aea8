# shape: wkgsh:CustomsTerritory-geonamesId
# focus: id:territory-fra
# path: wkg:geonamesId
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a GeoNames ID written as a number, not a string
DELETE { GRAPH ?g { id:territory-fra ?p "3017382" } }
INSERT { GRAPH ?g { id:territory-fra ?p 3017382 } }
WHERE {
  VALUES ?p { wkg:geonamesId dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "3017382" }
} ;
