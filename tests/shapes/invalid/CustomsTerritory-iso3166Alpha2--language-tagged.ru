# shape: wkgsh:CustomsTerritory-iso3166Alpha2
# focus: id:territory-fra
# path: wkg:iso3166Alpha2
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: an alpha-2 code tagged as English text
DELETE { GRAPH ?g { id:territory-fra ?p "FR" } }
INSERT { GRAPH ?g { id:territory-fra ?p "FR"@en } }
WHERE {
  VALUES ?p { wkg:iso3166Alpha2 dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "FR" }
} ;
