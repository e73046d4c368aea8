# shape: wkgsh:SourceDocument-title
# focus: id:source-ror-uvic
# path: dcterms:title
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a source without a title
DELETE { GRAPH ?g { id:source-ror-uvic ?p ?o } }
WHERE {
  VALUES ?p { dcterms:title }
  GRAPH ?g { id:source-ror-uvic ?p ?o }
} ;
