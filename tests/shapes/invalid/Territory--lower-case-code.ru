# shape: wkgsh:Territory
# constraint: wkgsh:Territory-isoCode
# focus: id:territory-lie
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: an ISO 3166-1 alpha-3 code in lower case
DELETE { GRAPH ?g { id:territory-lie wkg:iso3166Alpha3 "LIE" } }
INSERT { GRAPH ?g { id:territory-lie wkg:iso3166Alpha3 "lie" } }
WHERE { GRAPH ?g { id:territory-lie wkg:iso3166Alpha3 "LIE" } } ;
