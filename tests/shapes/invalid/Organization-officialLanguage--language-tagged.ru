# shape: wkgsh:Organization-officialLanguage
# focus: id:wco
# path: wkg:officialLanguage
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a language code written with a language tag ("en"@en)
DELETE { GRAPH ?g { id:wco ?p "en" } }
INSERT { GRAPH ?g { id:wco ?p "en"@en } }
WHERE {
  VALUES ?p { wkg:officialLanguage schema:knowsLanguage }
  GRAPH ?g { id:wco ?p "en" }
} ;
