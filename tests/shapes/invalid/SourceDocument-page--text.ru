# shape: wkgsh:SourceDocument-page
# focus: id:source-ror-uvic
# path: foaf:page
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a page written as a string instead of an IRI
DELETE { GRAPH ?g { id:source-ror-uvic ?p ?old } }
INSERT { GRAPH ?g { id:source-ror-uvic ?p "https://ror.org/04s5mat29" } }
WHERE {
  VALUES ?p { foaf:page }
  GRAPH ?g { id:source-ror-uvic ?p ?old }
} ;
