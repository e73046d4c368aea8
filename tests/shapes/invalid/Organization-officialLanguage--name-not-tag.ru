# shape: wkgsh:Organization-officialLanguage
# focus: id:wco
# path: wkg:officialLanguage
# component: sh:PatternConstraintComponent
# severity: Violation
# why: a language written as its English name, not a BCP 47 tag
DELETE { GRAPH ?g { id:wco ?p "fr" } }
INSERT { GRAPH ?g { id:wco ?p "French" } }
WHERE {
  VALUES ?p { wkg:officialLanguage schema:knowsLanguage }
  GRAPH ?g { id:wco ?p "fr" }
} ;
