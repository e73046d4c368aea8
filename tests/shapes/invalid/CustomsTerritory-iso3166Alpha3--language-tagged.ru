# shape: wkgsh:CustomsTerritory-iso3166Alpha3
# focus: id:territory-fra
# path: wkg:iso3166Alpha3
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: an alpha-3 code tagged as English text
DELETE { GRAPH ?g { id:territory-fra ?p "FRA" } }
INSERT { GRAPH ?g { id:territory-fra ?p "FRA"@en } }
WHERE {
  VALUES ?p { wkg:iso3166Alpha3 dcterms:identifier }
  GRAPH ?g { id:territory-fra ?p "FRA" }
} ;
