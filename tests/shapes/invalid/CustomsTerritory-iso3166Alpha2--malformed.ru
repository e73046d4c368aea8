# shape: wkgsh:CustomsTerritory-iso3166Alpha2
# focus: id:territory-fra
# path: wkg:iso3166Alpha2
# component: sh:PatternConstraintComponent
# severity: Violation
# why: an alpha-2 code of the wrong form ("fr")
DELETE { GRAPH ?g { id:territory-fra ?p "FR" } }
INSERT { GRAPH ?g { id:territory-fra ?p "fr" } }
WHERE {
  VALUES ?p { wkg:iso3166Alpha2 dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "FR" }
} ;
