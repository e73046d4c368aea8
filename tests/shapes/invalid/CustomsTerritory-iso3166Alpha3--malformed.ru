# shape: wkgsh:CustomsTerritory-iso3166Alpha3
# focus: id:territory-fra
# path: wkg:iso3166Alpha3
# component: sh:PatternConstraintComponent
# severity: Violation
# why: an alpha-3 code of the wrong form ("fra")
DELETE { GRAPH ?g { id:territory-fra ?p "FRA" } }
INSERT { GRAPH ?g { id:territory-fra ?p "fra" } }
WHERE {
  VALUES ?p { wkg:iso3166Alpha3 dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "FRA" }
} ;
