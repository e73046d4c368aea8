# shape: wkgsh:Person-prefLabel
# focus: id:ricardo-trevino-chapa
# path: skos:prefLabel
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a person's name written with a language tag
DELETE { GRAPH ?g { id:ricardo-trevino-chapa ?p ?old } }
INSERT { GRAPH ?g { id:ricardo-trevino-chapa ?p "Ricardo Treviño Chapa"@es } }
WHERE {
  VALUES ?p { wkg:name rdfs:label skos:prefLabel schema:name }
  GRAPH ?g { id:ricardo-trevino-chapa ?p ?old }
} ;
