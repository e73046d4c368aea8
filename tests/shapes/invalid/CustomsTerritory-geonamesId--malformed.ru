# shape: wkgsh:CustomsTerritory-geonamesId
# focus: id:territory-fra
# path: wkg:geonamesId
# component: sh:PatternConstraintComponent
# severity: Violation
# why: a GeoNames ID with letters (GN3017382)
DELETE { GRAPH ?g { id:territory-fra ?p "3017382" } }
INSERT { GRAPH ?g { id:territory-fra ?p "GN3017382" } }
WHERE {
  VALUES ?p { wkg:geonamesId dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "3017382" }
} ;
